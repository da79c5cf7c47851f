import type { ConsoleRoute } from './meta'

export const regionRoutes: ConsoleRoute[] = [
  { path: '/admin/regions', name: 'admin-regions', component: () => import('../views/admin/RegionImportView.vue'),
    meta: { title: '区域导入', group: '平台管理', admin: true } },
]
