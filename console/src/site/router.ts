import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

/** The public website's pages, in menu order (`meta.menu` false keeps a page out of the menu). */
export const pages: Array<RouteRecordRaw & { meta: { title: string; menu?: boolean } }> = [
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
]

export const router = createRouter({
  history: createWebHistory('/site/'),
  routes: [
    ...pages,
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
  ],
  scrollBehavior: () => ({ top: 0 }),
})

router.afterEach((to) => {
  document.title = `${(to.meta.title as string) ?? ''} · 时间银行志愿服务网站`
})
