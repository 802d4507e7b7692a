/** Every input form; importing this module registers them all. */
import "./ods.ts";
import "./para-text.ts";
import "./pdf-text.ts";
export * from "./registry.ts";
