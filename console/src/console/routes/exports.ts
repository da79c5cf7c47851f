import type { ConsoleRoute } from './meta'

export const exportRoutes: ConsoleRoute[] = [
  { path: '/exports', name: 'exports', component: () => import('../views/exports/ExportsView.vue'),
    meta: { title: '导出记录', group: '工作台', kinds: ['station', 'association', 'community'] } },
]
