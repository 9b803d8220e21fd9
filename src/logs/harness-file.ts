/**
 * The file `lamport-lab harness` writes beside a run's logs (src/harness/harness-run.ts): its
 * presence says the rows are an implementation's, not the model's (src/check reads it so).
 */
export const harnessFileName = 'harness.json';
