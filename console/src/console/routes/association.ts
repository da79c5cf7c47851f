import type { ConsoleRoute } from './meta'

export const associationRoutes: ConsoleRoute[] = [
  { path: '/review/orders', component: () => import('../views/association/FinalReviewView.vue'),
    meta: { title: '订单终审', group: '市志愿者协会', kinds: ['association'] } },
  { path: '/review/certifications', component: () => import('../views/association/CertificationReviewView.vue'),
    meta: { title: '认证审核', group: '市志愿者协会', kinds: ['association'] } },
  { path: '/catalogues', component: () => import('../views/association/CataloguesView.vue'),
    meta: { title: '字典维护', group: '市志愿者协会', kinds: ['association'] } },
  { path: '/points/adjustments', component: () => import('../views/association/AdjustmentsView.vue'),
    meta: { title: '积分调整', group: '市志愿者协会', kinds: ['association'] } },
]
