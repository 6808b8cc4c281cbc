import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import { defineComponent } from 'vue';
import { createAppI18n } from '@/i18n';
import type { Application, Membership } from '@/api/applications';
import InstitutionsCard from './InstitutionsCard.vue';

function application(id: string, overrides: Partial<Application>): Application {
  return {
    id,
    tenant: 'med',
    kind: 'join',
    status: 'under_review',
    step: null,
    stepTitle: null,
    reason: null,
    version: 2,
    values: {},
    masked: {},
    createdAt: '2026-11-02T02:00:00Z',
    submittedAt: '2026-11-02T02:00:00Z',
    dueAt: null,
    decidedAt: null,
    events: [],
    membership: null,
    changes: null,
    comments: [],
    ...overrides,
  };
}

const named = [
  { key: 'med-lung', name: { 'zh-CN': '肺癌专业委员会', en: 'Lung Cancer Committee' } },
  { key: 'med-youth', name: { 'zh-CN': '青年理事会', en: 'Youth Council' } },
];

async function render(applications: Application[], memberships: Membership[] = []) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:rest(.*)*', component: defineComponent({ template: '<div />' }) }],
  });
  await router.push('/t/med/applications');
  const wrapper = mount(InstitutionsCard, {
    props: { applications, memberships },
    global: { plugins: [createAppI18n('zh-CN'), router] },
  });
  await flushPromises();
  return { wrapper, router };
}

describe('InstitutionsCard', () => {
  it('shows nothing for a draft or an application naming no institution', async () => {
    const { wrapper } = await render([
      application('draft', { status: 'draft', institutions: named }),
      application('plain', { institutions: [] }),
    ]);
    expect(wrapper.find('[data-testid="institutions-card"]').exists()).toBe(false);
  });

  it('lists each institution as 申请中 while the association reviews, and its reason when it rejects', async () => {
    const { wrapper } = await render([application('p', { institutions: named })]);
    const rows = wrapper.findAll('[data-testid="institution-row"]');
    expect(rows.map((r) => r.find('[data-testid="institution-name"]').text())).toEqual(['肺癌专业委员会', '青年理事会']);
    expect(rows.map((r) => r.attributes('data-status'))).toEqual(['under_review', 'under_review']);
    expect(wrapper.text()).toContain('申请中');

    const rejected = await render([application('p', { status: 'rejected', reason: '信息填写不完整', institutions: named })]);
    expect(rejected.wrapper.findAll('[data-testid="institution-reason"]').map((r) => r.text())).toEqual([
      '审核不通过原因：信息填写不完整',
      '审核不通过原因：信息填写不完整',
    ]);
    // Before the institutions review, there is nothing of theirs to resubmit.
    expect(rejected.wrapper.find('[data-testid="institution-resubmit"]').exists()).toBe(false);
  });

  it('lists each institution as 待提交盖章文件 while the association waits for the stamped form', async () => {
    const { wrapper } = await render([application('p', { status: 'awaiting_stamp', institutions: named })]);
    const rows = wrapper.findAll('[data-testid="institution-row"]');
    expect(rows.map((r) => r.attributes('data-status'))).toEqual(['awaiting_stamp', 'awaiting_stamp']);
    expect(rows.map((r) => r.get('[data-testid="application-status"]').text())).toEqual(['待提交盖章文件', '待提交盖章文件']);
    expect(wrapper.text()).not.toContain('申请中');
  });

  it("shows each institution's own decision once the association approved, with the term and 重新提交", async () => {
    const lung = application('c-lung', {
      tenant: 'med-lung',
      kind: 'institution',
      status: 'approved',
      parentId: 'p',
      institution: 'med-lung',
    });
    const youth = application('c-youth', {
      tenant: 'med-youth',
      kind: 'institution',
      status: 'rejected',
      reason: '盖章不清晰',
      parentId: 'p',
      institution: 'med-youth',
    });
    const membership: Membership = {
      id: 'm',
      tenant: 'med-lung',
      memberType: 'professional',
      memberNumber: 'HX2026LUNG000001',
      status: 'active',
      applicationId: 'c-lung',
      validFrom: '2026-11-22T02:00:00Z',
      validUntil: '2030-11-21T15:59:59.999Z',
    };
    const { wrapper, router } = await render(
      [application('p', { status: 'approved', institutions: named }), lung, youth],
      [membership],
    );
    const rows = wrapper.findAll('[data-testid="institution-row"]');
    expect(rows.map((r) => r.attributes('data-status'))).toEqual(['approved', 'rejected']);
    expect(rows[0]!.find('[data-testid="institution-term"]').text()).toBe('会员有效期：2026-11-22 至 2030-11-21');
    expect(rows[1]!.find('[data-testid="institution-reason"]').text()).toBe('审核不通过原因：盖章不清晰');
    expect(rows[0]!.find('[data-testid="institution-resubmit"]').exists()).toBe(false);
    await rows[1]!.find('[data-testid="institution-resubmit"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med-youth/applications/c-youth');
  });
});
