import { nextTick, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/http';
import { useAuthLost } from '@/composables/useAuthLost';
import { describeError, type ErrorText } from '@/utils/problems';
import type { FieldError } from './types';

/**
 * Runs a request that saves what a FormRenderer holds. The server decides: its field errors go
 * under the fields (the renderer shows them at once), anything else becomes one statement above
 * the form, and what was typed stays.
 *
 *   const { serverErrors, problem, busy, run } = useServerVerdict(renderer);
 *   await run(async () => { show(await saveProfile(...)); });
 */
export function useServerVerdict(renderer: Ref<{ validate(): unknown } | undefined>) {
  const { t, te } = useI18n();
  const authLost = useAuthLost();
  const serverErrors = ref<FieldError[]>([]);
  const problem = ref<ErrorText | null>(null);
  const busy = ref(false);

  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true;
    problem.value = null;
    serverErrors.value = [];
    try {
      await action();
    } catch (caught) {
      if (authLost(caught)) return;
      if (caught instanceof ApiError && caught.fieldErrors.length > 0) {
        serverErrors.value = caught.fieldErrors;
        await nextTick();
        renderer.value?.validate();
      } else {
        problem.value = describeError(caught, t, te);
      }
    } finally {
      busy.value = false;
    }
  }

  return { serverErrors, problem, busy, run };
}
