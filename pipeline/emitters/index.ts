/** Every output format; importing this module registers them all, in --to default order. */
import "./akn.ts";
import "./yaml.ts";
import "./pdf.ts";
import "./docx.ts";
export * from "./registry.ts";
