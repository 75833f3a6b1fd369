/**
 * Pure: turns the Docker Engine's image-pull progress events (the newline-delimited JSON of
 * `POST /images/create`) into a few readable lines: the engine's own status lines, and a
 * layer summary only when a layer completes or the download crosses another quarter.
 */
export interface PullEvent {
  readonly status?: string;
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
}

interface LayerState {
  done: boolean;
  current: number;
  total: number;
}

const LAYER_ID = /^[0-9a-f]{12}$/;
const DONE = new Set(['Pull complete', 'Already exists']);
const mb = (bytes: number): string => (bytes / 1_000_000).toFixed(1);

/** The error message an event carries, if it is an error event. */
export function pullEventError(event: PullEvent): string | undefined {
  return event.errorDetail?.message ?? event.error;
}

export class PullProgress {
  private readonly layers = new Map<string, LayerState>();
  private lastDone = 0;
  private lastQuarter = 0;

  /** A line to show for this event, or undefined when nothing worth a line changed. */
  update(event: PullEvent): string | undefined {
    if (pullEventError(event) !== undefined || !event.status) return undefined;
    if (event.id === undefined || !LAYER_ID.test(event.id))
      return event.id === undefined ? event.status : `${event.status} (${event.id})`;
    this.track(event.id, event.status, event.progressDetail);
    return this.summaryIfChanged();
  }

  /** `layers 3/7 complete, 45.1/120.3 MB downloaded`. */
  summary(): string {
    const all = [...this.layers.values()];
    const done = all.filter((l) => l.done).length;
    const current = all.reduce((sum, l) => sum + l.current, 0);
    const total = all.reduce((sum, l) => sum + l.total, 0);
    return `layers ${done}/${all.length} complete${total > 0 ? `, ${mb(current)}/${mb(total)} MB downloaded` : ''}`;
  }

  private track(id: string, status: string, detail: PullEvent['progressDetail']): void {
    const layer = this.layers.get(id) ?? { done: false, current: 0, total: 0 };
    this.layers.set(id, layer);
    if (DONE.has(status)) layer.done = true;
    if (status === 'Downloading' && detail?.total) {
      layer.total = detail.total;
      layer.current = Math.min(detail.current ?? 0, detail.total);
    }
    if (status === 'Download complete') layer.current = layer.total;
  }

  private summaryIfChanged(): string | undefined {
    const all = [...this.layers.values()];
    const done = all.filter((l) => l.done).length;
    const total = all.reduce((sum, l) => sum + l.total, 0);
    const quarter = total > 0 ? Math.floor((all.reduce((sum, l) => sum + l.current, 0) / total) * 4) : 0;
    if (done === this.lastDone && quarter <= this.lastQuarter) return undefined;
    this.lastDone = done;
    this.lastQuarter = Math.max(quarter, this.lastQuarter);
    return this.summary();
  }
}
