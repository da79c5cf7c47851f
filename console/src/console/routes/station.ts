import type { ConsoleRoute } from './meta'

const staff = ['station', 'association'] as const

export const stationRoutes: ConsoleRoute[] = [
  { path: '/orders', name: 'orders', component: () => import('../views/station/OrdersView.vue'),
    meta: { title: 'V订单管理', group: '时间银行', kinds: [...staff] } },
]
