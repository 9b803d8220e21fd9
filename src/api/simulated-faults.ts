/**
 * faults.csv of each run `simulate` made, kept by its manifest object: `simulate` makes the file
 * in memory anyway (the summary's faults section reads it), and a SimulateResult does not carry
 * it, so checking the result would otherwise re-run the whole scenario to make it again. A
 * WeakMap, so a result the caller drops takes its file with it; a result built or copied by the
 * caller is not in it, and its faults.csv is made by a re-run as before.
 */
const faultsCsvByManifest = new WeakMap<object, Uint8Array>();

export function rememberFaultsCsv(manifest: object, bytes: Uint8Array): void {
  faultsCsvByManifest.set(manifest, bytes);
}

/** The faults.csv `simulate` made with this very manifest object, if it did. */
export function rememberedFaultsCsv(manifest: object): Uint8Array | undefined {
  return faultsCsvByManifest.get(manifest);
}
