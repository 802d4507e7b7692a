/** The dev corpus as PDF, shard 2 of 2: see tests/support/pdf-corpus.ts. */
import { pdfCorpusShard } from "./support/pdf-corpus.ts";

pdfCorpusShard(2, 2);
