/** Every input form; importing this module registers them all. */
import "./ods.ts";
export * from "./registry.ts";
