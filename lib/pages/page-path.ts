/**
 * The request header the proxy sets to a document request's path. A layout that serves several pages
 * (the chat's, for /chat and /chat/<id>) reads from it which page it renders, to send that page's
 * first data with it; layouts are not given their child segments' params. A client navigation's
 * request (`RSC: 1`) carries none: the layout is not rendered again then, and the tab has its data.
 */
export const PAGE_PATH_HEADER = "x-page-path";
