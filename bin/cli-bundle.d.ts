/** Where the bundled CLI lives, relative to the project root. */
export declare const CLI_BUNDLE_DIR: string;
/** The newest modification time of any source the CLI is built from (functions/, cli/, lab/, package files). */
export declare const newestSourceMtime: (root: string) => number;
/** The stamp of the built bundle, or undefined when there is none. */
export declare const readBundleStamp: (root: string) => number | undefined;
/** The bundle's entry when it is at least as new as every source, else undefined (run the sources). */
export declare const currentBundle: (root: string) => string | undefined;
