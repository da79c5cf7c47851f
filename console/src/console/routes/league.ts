import type { ConsoleRoute } from './meta'

export const leagueRoutes: ConsoleRoute[] = [
  { path: '/league/needs', component: () => import('../views/league/LeagueNeedsView.vue'),
    meta: { title: '我的需求', group: '七彩假期 · 团组织', kinds: ['league'] } },
  { path: '/org/hall', component: () => import('../views/league/NeedHallView.vue'),
    meta: { title: '需求大厅', group: '七彩假期 · 志愿服务组织', kinds: ['volunteer_org'] } },
  { path: '/org/claims', component: () => import('../views/league/MyClaimsView.vue'),
    meta: { title: '我的认领', group: '七彩假期 · 志愿服务组织', kinds: ['volunteer_org'] } },
  { path: '/org/favourites', component: () => import('../views/league/FavouritesView.vue'),
    meta: { title: '我的收藏', group: '七彩假期 · 志愿服务组织', kinds: ['volunteer_org', 'league'] } },
  { path: '/org/profile', component: () => import('../views/league/OrgProfileView.vue'),
    meta: { title: '组织资料', group: '七彩假期 · 志愿服务组织', kinds: ['volunteer_org', 'league'] } },
]
