/** Version of the capacity definition (docs/definition.md) that the figures are computed under. */
export const DEFINITION_VERSION = '1';
