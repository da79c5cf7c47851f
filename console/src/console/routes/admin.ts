import type { ConsoleRoute } from './meta'

// The platform admin's (平台管理员) screens. Hiding them from others is a convenience: every call they make
// is checked again by the API (organisation.directory, organisation.import, zone.manage, notify.admin, …).
const group = '平台管理'

export const adminRoutes: ConsoleRoute[] = [
  { path: '/admin/organisations', name: 'admin-organisations', component: () => import('../views/admin/OrganisationsView.vue'),
    meta: { title: '机构管理', group, admin: true } },
  { path: '/admin/organisations/:id(\\d+)', name: 'admin-organisation', component: () => import('../views/admin/OrganisationAccountsView.vue'),
    meta: { title: '机构账号', group, admin: true, menu: false } },
  { path: '/admin/league-import', name: 'admin-league-import', component: () => import('../views/admin/LeagueImportView.vue'),
    meta: { title: '团组织账号批量导入', group, admin: true } },
  { path: '/admin/lockouts', name: 'admin-lockouts', component: () => import('../views/admin/LockoutsView.vue'),
    meta: { title: '登录锁定', group, admin: true } },
  { path: '/admin/zones', name: 'admin-zones', component: () => import('../views/admin/ZonesView.vue'),
    meta: { title: '专区管理', group, admin: true } },
  { path: '/admin/deliveries', name: 'admin-deliveries', component: () => import('../views/admin/DeliveriesView.vue'),
    meta: { title: '消息推送记录', group, admin: true } },
  { path: '/admin/scheduled-jobs', name: 'admin-scheduled-jobs', component: () => import('../views/admin/ScheduledJobsView.vue'),
    meta: { title: '定时任务', group, admin: true } },
]
