// Each role's screens are declared in its own file under routes/; the menu and the access check read
// these fields. A route names the organisation kinds that see it (or `admin` for the platform admin);
// the API checks everything again — hiding a screen is a convenience, never the protection.
import type { RouteRecordRaw } from 'vue-router'
import type { OrgKind } from '@/shared/session'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    group?: string
    kinds?: OrgKind[]
    admin?: boolean
    menu?: boolean
    public?: boolean
  }
}

export type ConsoleRoute = RouteRecordRaw & { path: string; meta: { title: string; group: string } }
