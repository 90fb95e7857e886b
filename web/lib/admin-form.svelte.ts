import { tick } from 'svelte';

import { ApiError } from './api.ts';
import { errorText } from './error-text.ts';
import { invalidMessage, type InvalidParam } from './invalid.ts';

/**
 * The field a problem+json `invalidParams[].name` points at: `body.email` → `email`,
 * `body.household.adults` → `household`. Anything not in the body has no field of a form.
 */
export function fieldOf(name: string): string | undefined {
  return /^body\.([A-Za-z0-9_]+)/.exec(name)?.[1];
}

/** Why the server refused a field, in the user's language, and whether the field was left empty. */
export interface FieldError {
  /** The server's refusals of this field, worded when shown (invalidMessage), so a language switch rewords them. */
  params: InvalidParam[];
  empty: boolean;
}

/** A field's refusals in the reader's language. */
export function fieldReason(error: FieldError): string {
  return error.params.map(invalidMessage).join('; ');
}

/**
 * One admin form's submit state. The server is the one validator: its 400 (or 409) problem names
 * fields, which are shown next to the control with that `name` and get focus, first one first;
 * what names no field of the form goes in the form's summary.
 */
export class FormState {
  errors = $state<Record<string, FieldError>>({});
  general = $state<string[]>([]);
  busy = $state(false);
  form = $state<HTMLFormElement | undefined>();

  /** Runs the save; true when it succeeded. */
  async submit(save: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.errors = {};
    this.general = [];
    try {
      await save();
      return true;
    } catch (error) {
      this.show(error);
      await tick();
      const first = this.form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? this.form?.querySelector<HTMLElement>('.form-errors');
      first?.focus();
      return false;
    } finally {
      this.busy = false;
    }
  }

  private show(error: unknown) {
    const params = error instanceof ApiError ? (error.problem.invalidParams ?? []) : [];
    const errors: Record<string, FieldError> = {};
    const general: string[] = [];
    for (const param of params) {
      const field = fieldOf(param.name);
      const known = field ? this.form?.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${field}"]`) : null;
      if (field && known) {
        errors[field] = { params: [...(errors[field]?.params ?? []), param], empty: known.value === '' };
      } else general.push(`${param.name}: ${invalidMessage(param)}`);
    }
    if (!params.length) general.push(errorText(error));
    this.errors = errors;
    this.general = general;
  }
}
