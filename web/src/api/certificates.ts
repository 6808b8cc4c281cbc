import { getBlob, getJson, query, sendJson, type RequestOptions } from './http';
import type { MembershipStatus } from './members';

export type CertificateStatus = 'active' | 'superseded' | 'revoked';

/** One issued certificate. */
export interface Certificate {
  id: string;
  tenant: string;
  number: string;
  membershipId: string;
  memberType: string;
  status: CertificateStatus;
  issuedAt: string;
  /** The date printed on it, YYYY-MM-DD. */
  issuedOn: string;
  downloadedAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  supersededBy: string | null;
}

/** A value the certificate prints, as it prints it (labels, not option keys). */
export interface PrintedField {
  key: string;
  label: string;
  /** Empty for a photo, which only the preview shows. */
  text: string;
  photo: boolean;
  missing: boolean;
}

/** One of the signed-in member's memberships with what its certificate prints and the active one. */
export interface MyCertificate {
  membershipId: string;
  memberTypeName: string;
  memberNumber: string;
  membershipStatus: MembershipStatus;
  validFrom: string;
  validUntil: string | null;
  printed: { fields: PrintedField[]; missing: Record<string, string> };
  certificate: Certificate | null;
  /** The profile no longer matches the active certificate. */
  printedChanged: boolean;
  /** A download locked the printed profile fields. */
  locked: boolean;
  /** The tenant issues certificates only once the year's dues are paid, and whether they are. */
  duesRequired?: boolean;
  duesPaid?: boolean;
}

/** A certificate in the admins' list. */
export interface CertificateEntry extends Certificate {
  holderName: string;
  memberNumber: string;
  memberTypeName: string;
}

export interface CertificateFilter {
  q?: string;
  status?: string;
}

/** A background batch: poll until `finished`. */
export interface BatchProgress {
  id: string;
  total: number;
  done: number;
  issued: number;
  failures: { holder: string; message: string }[];
  finished: boolean;
}

const tenantPath = (slug: string) => `/api/v1/t/${encodeURIComponent(slug)}`;

export async function listMyCertificates(slug: string, options: RequestOptions): Promise<MyCertificate[]> {
  const answer = await getJson<{ items?: MyCertificate[] }>(`${tenantPath(slug)}/me/certificates`, options);
  return answer.items ?? [];
}

/** The certificate as it would be issued now (a PNG with a sample QR code). */
export function certificatePreview(slug: string, membershipId: string, options: RequestOptions): Promise<Blob> {
  return getBlob(`${tenantPath(slug)}/me/memberships/${encodeURIComponent(membershipId)}/certificate/preview`, options);
}

/** The member confirms the printed values: issues the certificate, or answers the active one. */
export async function confirmCertificate(slug: string, membershipId: string, options: RequestOptions): Promise<Certificate> {
  return (await sendJson<Certificate>(
    'POST',
    `${tenantPath(slug)}/me/memberships/${encodeURIComponent(membershipId)}/certificate`,
    {},
    options,
  )) as Certificate;
}

/** The PDF; for its holder the first download locks the printed profile fields. */
export function certificatePdf(slug: string, certificateId: string, options: RequestOptions): Promise<Blob> {
  return getBlob(`${tenantPath(slug)}/certificates/${encodeURIComponent(certificateId)}/pdf`, options);
}

/** The name a downloaded certificate is saved under. */
export function certificateFileName(number: string): string {
  return `会员证书-${number}.pdf`;
}

/** Fetches the PDF and hands it to the browser as a download. */
export async function downloadCertificate(
  slug: string,
  certificate: Pick<Certificate, 'id' | 'number'>,
  options: RequestOptions,
): Promise<void> {
  const blob = await certificatePdf(slug, certificate.id, options);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = certificateFileName(certificate.number);
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // After the click has handed the file over.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

const adminPath = (slug: string) => `${tenantPath(slug)}/admin`;

export async function listCertificates(slug: string, filter: CertificateFilter, options: RequestOptions): Promise<CertificateEntry[]> {
  const answer = await getJson<{ items?: CertificateEntry[] }>(
    `${adminPath(slug)}/certificates${query({ q: filter.q, status: filter.status })}`,
    options,
  );
  return answer.items ?? [];
}

/** Issues or re-issues a membership's certificate; the active one is superseded. */
export async function issueCertificate(slug: string, membershipId: string, options: RequestOptions): Promise<Certificate> {
  return (await sendJson<Certificate>(
    'POST',
    `${adminPath(slug)}/memberships/${encodeURIComponent(membershipId)}/certificate`,
    {},
    options,
  )) as Certificate;
}

export async function revokeCertificate(slug: string, id: string, reason: string, options: RequestOptions): Promise<Certificate> {
  return (await sendJson<Certificate>(
    'POST',
    `${adminPath(slug)}/certificates/${encodeURIComponent(id)}/revoke`,
    { reason },
    options,
  )) as Certificate;
}

/** Starts a batch: these memberships, or (none given) every active one without a valid certificate. */
export async function startCertificateBatch(
  slug: string,
  membershipIds: string[] | null,
  options: RequestOptions,
): Promise<BatchProgress> {
  return (await sendJson<BatchProgress>(
    'POST',
    `${adminPath(slug)}/certificate-batches`,
    membershipIds && membershipIds.length > 0 ? { membershipIds } : {},
    options,
  )) as BatchProgress;
}

export function getCertificateBatch(slug: string, id: string, options: RequestOptions): Promise<BatchProgress> {
  return getJson<BatchProgress>(`${adminPath(slug)}/certificate-batches/${encodeURIComponent(id)}`, options);
}
