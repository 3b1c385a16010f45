/**
 * The request header the proxy sets to a page request's path. A layout that serves several pages (the
 * chat's, for /chat and /chat/<id>) reads from it which page it renders, to send that page's first data
 * with it; layouts are not given their child segments' params. A client navigation between those pages
 * does not render the layout again; one from another page does, and gets the path too.
 */
export const PAGE_PATH_HEADER = "x-page-path";
