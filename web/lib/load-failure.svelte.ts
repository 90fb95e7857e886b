import { errorText } from './error-text.ts';
import { i18n } from './i18n.svelte.ts';

/**
 * A load of an admin list that failed, kept with the load itself as its retry, for ErrorRetry to show.
 * One per list, held by the component that shows the list: when the admin moves on, the error goes
 * with it (no retry left behind that would reopen a list the admin has left).
 */
export class LoadFailure {
  #failed = $state<{ error: unknown; retry: () => Promise<unknown> } | null>(null);

  /** The failure in the reader's language (worded when shown, so a language switch rewords it); null when none. */
  get text(): string | null {
    return this.#failed && i18n.t('admin.loadFailed', { detail: errorText(this.#failed.error) });
  }

  /** Runs a load; if it fails, the failure is kept with this load as its retry. */
  async run(load: () => Promise<unknown>): Promise<void> {
    this.#failed = null;
    try {
      await load();
    } catch (error) {
      this.#failed = { error, retry: () => this.run(load) };
    }
  }

  /** Keeps a failure whose retry is not simply the same load again (it also handles the error itself). */
  fail(error: unknown, retry: () => Promise<unknown>): void {
    this.#failed = { error, retry };
  }

  clear(): void {
    this.#failed = null;
  }

  /** Loads again what failed. */
  retry(): Promise<unknown> {
    const again = this.#failed?.retry;
    this.#failed = null;
    return again ? again() : Promise.resolve();
  }
}
