export default async function globalSetup(): Promise<void> {
  // Filled in by the devnet harness.
}
