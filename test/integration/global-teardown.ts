export default async function globalTeardown(): Promise<void> {
  // Filled in by the devnet harness.
}
