/** Every output format; importing this module registers them all, in --to default order. */
import "./yaml.ts";
export * from "./registry.ts";
