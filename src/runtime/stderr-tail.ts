/** The last lines of a process's stderr, without terminal colours, for error details. */

export function stderrTail(text: string, lines = 10): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- strips the ANSI colours Fabric's logger adds
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n')
  );
}
