import type { ConsoleRoute } from './meta'

const staff = ['station', 'association'] as const
const station = ['station'] as const

export const stationRoutes: ConsoleRoute[] = [
  { path: '/orders', name: 'orders', component: () => import('../views/station/OrdersView.vue'),
    meta: { title: 'V订单管理', group: '时间银行', kinds: [...staff] } },
  { path: '/orders/new', name: 'order-new', component: () => import('../views/station/OrderFormView.vue'),
    meta: { title: 'V订单记录添加', group: '时间银行', kinds: [...station] } },
  { path: '/orders/:id(\\d+)', name: 'order', component: () => import('../views/station/OrderDetailView.vue'),
    meta: { title: '订单跟踪', group: '时间银行', kinds: [...staff], menu: false } },
  { path: '/orders/:id(\\d+)/edit', name: 'order-edit', component: () => import('../views/station/OrderFormView.vue'),
    meta: { title: 'V订单记录修改', group: '时间银行', kinds: [...station], menu: false } },
  { path: '/orders/:id(\\d+)/certify', name: 'order-certify',
    component: () => import('../views/station/CertificationFormView.vue'),
    meta: { title: '订单时数认证添加', group: '时间银行', kinds: [...station], menu: false } },
  { path: '/beneficiaries', name: 'beneficiaries', component: () => import('../views/station/BeneficiariesView.vue'),
    meta: { title: '服务对象库', group: '时间银行', kinds: [...station] } },
  { path: '/beneficiaries/new', name: 'beneficiary-new',
    component: () => import('../views/station/BeneficiaryEditView.vue'),
    meta: { title: '服务对象添加', group: '时间银行', kinds: [...station], menu: false } },
  { path: '/beneficiaries/:id(\\d+)', name: 'beneficiary', component: () => import('../views/station/BeneficiaryDetailView.vue'),
    meta: { title: '服务对象信息', group: '时间银行', kinds: [...station], menu: false } },
  { path: '/beneficiaries/:id(\\d+)/edit', name: 'beneficiary-edit',
    component: () => import('../views/station/BeneficiaryEditView.vue'),
    meta: { title: '修改服务对象', group: '时间银行', kinds: [...station], menu: false } },
]
