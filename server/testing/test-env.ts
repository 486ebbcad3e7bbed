/**
 * Sets variables for the code under test before its config is first read (once per test file,
 * which runs in its own process): used to point platform base URLs at a sandbox.
 */
export function setTestEnv(values: Record<string, string>): void {
  Object.assign(process.env, values);
}
