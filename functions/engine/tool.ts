/** The product's name and version, as every output states it: a leaf module, cheap to import. */
export const TOOL = { name: 'traffic-privacy-monitor', version: '0.1.0' } as const;
