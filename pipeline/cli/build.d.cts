/** Types of ./build.cjs (plain JavaScript so that it runs before any TypeScript loader). */
export interface Bundle {
  main: URL;
  worker: URL;
}
/** Builds the bundle into node_modules/.cache/resolute/ and returns its entries. */
export function build(): Promise<Bundle | null>;
/** Entries of an up-to-date bundle, building it when needed; null when it cannot be built. */
export function ensureBuild(): Promise<Bundle | null>;
