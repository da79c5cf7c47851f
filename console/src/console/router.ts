import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { isAdmin, kinds, restore, session } from '@/shared/session'
import { adminRoutes } from './routes/admin'
import { associationRoutes } from './routes/association'
import { claimsRoutes } from './routes/claims'
import { commonRoutes } from './routes/common'
import { communityRoutes } from './routes/community'
import { exportRoutes } from './routes/exports'
import { leagueRoutes } from './routes/league'
import type { ConsoleRoute } from './routes/meta'
import { regionRoutes } from './routes/regions'
import { showcaseRoutes } from './routes/showcase'
import { stationRoutes } from './routes/station'

/** Every screen of the console, in menu order. Each role's file adds its own. */
export const screens: ConsoleRoute[] = [
  ...commonRoutes,
  ...exportRoutes,
  ...stationRoutes,
  ...associationRoutes,
  ...showcaseRoutes,
  ...leagueRoutes,
  ...claimsRoutes,
  ...communityRoutes,
  ...adminRoutes,
  ...regionRoutes,
]

export function allowed(route: Pick<RouteLocationNormalized, 'meta'>): boolean {
  const { kinds: wanted, admin } = route.meta
  if (!wanted && !admin) return true
  if (admin && isAdmin()) return true
  const mine = kinds()
  return !!wanted?.some((k) => mine.has(k))
}

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/common/LoginView.vue'),
      meta: { title: '登录', public: true } },
    { path: '/change-password', name: 'change-password', component: () => import('./views/common/ChangePasswordView.vue'),
      meta: { title: '修改初始密码', public: true } },
    { path: '/', component: () => import('./ConsoleLayout.vue'), children: screens },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/common/NotFoundView.vue'),
      meta: { title: '页面不存在', public: true } },
  ],
})

router.beforeEach(async (to) => {
  if (!session.restored) await restore()
  const user = session.user
  if (to.meta.public) {
    if (to.name === 'change-password' && !user) return { name: 'login' }
    return true
  }
  if (!user) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (user.must_change_password) return { name: 'change-password' }
  if (!allowed(to)) return { name: 'workbench' }
  return true
})

router.afterEach((to) => {
  document.title = `${to.meta.title ?? ''} · 时间银行管理后台`
})
