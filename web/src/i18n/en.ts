import type zhCN from './zh-CN';

const en: typeof zhCN = {
  app: {
    name: 'Guildhall',
    tagline:
      'The membership platform for associations, learned societies and their branches: applications, reviews, certificates, dues and notices in one place.',
    howToEnter: 'Please use the address your association gave you.',
    poweredBy: 'Powered by Guildhall',
  },
  locale: {
    switchTo: '中文',
    switchLabel: 'Switch language',
  },
  tenant: {
    kinds: {
      national: 'National organisation',
      provincial: 'Provincial branch',
      committee: 'Specialty committee',
      youth_council: 'Youth council',
      federation: 'Federation',
      society: 'Society',
      industry: 'Industry association',
    },
    memberTypes: 'Member types',
    noMemberTypes: 'This organisation has not set up any member types yet.',
    children: 'Branches',
    parent: 'Parent organisation',
    adminConsole: 'Admin console',
    loading: 'Loading…',
    notFound: {
      title: 'Organisation not found',
      text: 'There is no organisation with the code “{slug}”. Please check the address.',
    },
    unavailable: {
      title: 'This organisation is temporarily unavailable',
      text: 'Please try again later.',
    },
    failed: {
      title: 'Could not load the organisation',
      text: 'The network or the server had a problem.',
    },
    retry: 'Retry',
  },
  page: {
    notFound: 'Page not found',
    notFoundText: 'The page you asked for does not exist.',
    backHome: 'Back to the home page',
  },
  admin: {
    title: 'Admin console',
    menu: {
      dashboard: 'Dashboard',
    },
    memberType: 'Member type',
    toggleSidebar: 'Expand or collapse the menu',
    darkMode: 'Dark mode',
    lightMode: 'Light mode',
    toHome: 'Home page',
    closeTab: 'Close',
    dashboard: {
      welcome: '{name} admin console',
      today: 'Today is {date}',
      memberTypeCount: 'Member types',
      childCount: 'Branches',
      realm: 'Realm',
      slug: 'Code',
      kind: 'Kind',
      view: 'View',
      key: 'Key',
      name: 'Name',
      description: 'Description',
      actions: 'Actions',
    },
    memberTypePage: {
      notFound: 'There is no such member type.',
      nameZh: 'Chinese name',
      nameEn: 'English name',
    },
  },
  date: {
    long: 'dddd, MMMM D, YYYY',
  },
};

export default en;
