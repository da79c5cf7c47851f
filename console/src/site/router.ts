import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

/** The public website's pages, in menu order (`meta.menu` false keeps a page out of the menu). */
export const pages: Array<RouteRecordRaw & { meta: { title: string; menu?: boolean } }> = [
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
  { path: '/activities', component: () => import('./views/ActivitiesView.vue'), meta: { title: '志愿活动' } },
  { path: '/needs', component: () => import('./views/NeedsView.vue'), meta: { title: '需求信息' } },
  { path: '/reports', component: () => import('./views/ReportsView.vue'), meta: { title: '志愿者上报' } },
  { path: '/reports/:id(\\d+)', component: () => import('./views/ReportDetailView.vue'), meta: { title: '上报详情', menu: false } },
  { path: '/help', component: () => import('./views/HelpClosedView.vue'), meta: { title: '求助办理情况' } },
  { path: '/help/new', component: () => import('./views/HelpNewView.vue'), meta: { title: '公众求助' } },
  { path: '/showcase', component: () => import('./views/ShowcaseView.vue'), meta: { title: '志愿风采' } },
  { path: '/stars', component: () => import('./views/StarsView.vue'), meta: { title: '季度之星' } },
  { path: '/orgs', component: () => import('./views/OrgsView.vue'), meta: { title: '志愿服务组织' } },
  { path: '/orgs/:id(\\d+)', component: () => import('./views/OrgDetailView.vue'), meta: { title: '组织介绍', menu: false } },
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
