import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { describeError, fieldMessages, type ErrorText } from '@/utils/problems';

/**
 * The server's verdict on a form: messages under the fields it names (bound to each
 * ElFormItem's `error`), and one statement for the rest.
 */
export function useFormErrors<Field extends string>(fields: readonly Field[]) {
  const { t, te } = useI18n();
  const field = reactive({}) as Partial<Record<Field, string>>;
  const form = ref<ErrorText | null>(null);

  function clear() {
    for (const name of fields) delete field[name];
    form.value = null;
  }

  /** Shows an error; returns true when it was about fields of this form. */
  function show(error: unknown): boolean {
    clear();
    const messages = fieldMessages(error, fields);
    const named = Object.keys(messages) as Field[];
    for (const name of named) field[name] = messages[name];
    if (named.length === 0) form.value = describeError(error, t, te);
    return named.length > 0;
  }

  return { field, form, clear, show };
}
