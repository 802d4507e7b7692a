/** The dev corpus as PDF, shard 1 of 2: see tests/support/pdf-corpus.ts. */
import { pdfCorpusShard } from "./support/pdf-corpus.ts";

pdfCorpusShard(1, 2);
