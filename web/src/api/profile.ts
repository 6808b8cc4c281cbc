import { getJson, sendJson, type RequestOptions } from './http';
import type { FormDefinition, FormValues } from '@/forms/types';

/** The signed-in account's profile in the realm, drawn with the tenant's profile form. */
export interface Profile {
  form: FormDefinition;
  values: FormValues;
  /** Protected fields (ID numbers, mobiles), masked. */
  masked: Record<string, string>;
  /** Fields under review that cannot change now. */
  locked: string[];
}

function normalise(answer: Partial<Profile>): Profile {
  return {
    form: answer.form as FormDefinition,
    values: answer.values ?? {},
    masked: answer.masked ?? {},
    locked: Array.isArray(answer.locked) ? answer.locked : [],
  };
}

export async function getProfile(slug: string, options: RequestOptions): Promise<Profile> {
  return normalise(await getJson<Partial<Profile>>(`/api/v1/t/${encodeURIComponent(slug)}/profile`, options));
}

/** A protected field left out of `values` keeps its stored value. */
export async function saveProfile(slug: string, values: FormValues, options: RequestOptions): Promise<Profile> {
  const answer = await sendJson<Partial<Profile>>('PUT', `/api/v1/t/${encodeURIComponent(slug)}/profile`, { values }, options);
  return normalise(answer ?? {});
}

/** The full value of one of the account's own protected fields; the server audits it. */
export async function revealProfileField(slug: string, field: string, options: RequestOptions): Promise<string> {
  const answer = await sendJson<{ value?: string }>(
    'POST',
    `/api/v1/t/${encodeURIComponent(slug)}/profile/reveal`,
    { field },
    options,
  );
  return answer?.value ?? '';
}
