import type { ConsoleRoute } from './meta'

// 七彩假期 beyond the needs themselves: a league's 初始需求, an organisation's activities for an accepted
// claim, and an organisation's points.
export const claimsRoutes: ConsoleRoute[] = [
  { path: '/league/initial-needs', component: () => import('../views/claims/InitialNeedsView.vue'),
    meta: { title: '初始需求', group: '七彩假期 · 团组织', kinds: ['league'] } },
  { path: '/org/claims/:id(\\d+)/activities', component: () => import('../views/claims/ClaimActivitiesView.vue'),
    meta: { title: '认领的活动', group: '七彩假期 · 志愿服务组织', kinds: ['volunteer_org'], menu: false } },
  { path: '/org/points', component: () => import('../views/claims/OrgPointsView.vue'),
    meta: { title: '组织积分', group: '七彩假期 · 志愿服务组织', kinds: ['volunteer_org', 'league'] } },
]
