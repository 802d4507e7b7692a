/** Every input form; importing this module registers them all. */
import "./ods.ts";
export * from "./registry.ts";
import "./para-text.ts";
import "./akn.ts";
import "./pdf-text.ts";
import "./yaml.ts";
