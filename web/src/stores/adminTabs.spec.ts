import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useAdminTabsStore } from './adminTabs';

const dashboard = { path: '/t/med/admin', name: 'admin-dashboard', params: {}, closable: false };
const page = (key: string) => ({
  path: `/t/med/admin/member-types/${key}`,
  name: 'admin-member-type',
  params: { key },
  closable: true,
});

describe('admin tabs', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('opens each page once, fixed tabs first', () => {
    const tabs = useAdminTabsStore();
    tabs.useTenant('med');
    tabs.open(page('a'));
    tabs.open(dashboard);
    tabs.open(page('a'));
    tabs.open(page('b'));
    expect(tabs.tabs.map((tab) => tab.path)).toEqual([
      '/t/med/admin',
      '/t/med/admin/member-types/a',
      '/t/med/admin/member-types/b',
    ]);
  });

  it('closes the active tab and moves to its left neighbour', () => {
    const tabs = useAdminTabsStore();
    tabs.useTenant('med');
    [dashboard, page('a'), page('b')].forEach(tabs.open);
    expect(tabs.close(page('b').path, page('b').path)).toBe(page('a').path);
    expect(tabs.close(page('a').path, page('a').path)).toBe(dashboard.path);
    expect(tabs.tabs).toHaveLength(1);
  });

  it('closes an inactive tab without moving', () => {
    const tabs = useAdminTabsStore();
    tabs.useTenant('med');
    [dashboard, page('a'), page('b')].forEach(tabs.open);
    expect(tabs.close(page('a').path, page('b').path)).toBeNull();
    expect(tabs.tabs.map((tab) => tab.path)).toEqual([dashboard.path, page('b').path]);
  });

  it('never closes the dashboard', () => {
    const tabs = useAdminTabsStore();
    tabs.useTenant('med');
    tabs.open(dashboard);
    expect(tabs.close(dashboard.path, dashboard.path)).toBeNull();
    expect(tabs.tabs).toHaveLength(1);
  });

  it('starts afresh for another tenant', () => {
    const tabs = useAdminTabsStore();
    tabs.useTenant('med');
    [dashboard, page('a')].forEach(tabs.open);
    tabs.useTenant('med');
    expect(tabs.tabs).toHaveLength(2);
    tabs.useTenant('sci');
    expect(tabs.tabs).toHaveLength(0);
  });
});
