import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import { createApp } from 'vue'
import '@/shared/base.css'
import '@/shared/fontScale'
import SiteApp from './SiteApp.vue'
import { router } from './router'

createApp(SiteApp).use(ElementPlus, { locale: zhCn }).use(router).mount('#app')
