import type { ConsoleRoute } from './meta'

export const commonRoutes: ConsoleRoute[] = [
  { path: '/', name: 'workbench', component: () => import('../views/common/WorkbenchView.vue'),
    meta: { title: '工作台', group: '工作台' } },
  { path: '/account', name: 'account', component: () => import('../views/common/AccountView.vue'),
    meta: { title: '账号与密码', group: '工作台' } },
]
