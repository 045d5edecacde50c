// The register form's values that the page and the server's reading of the form share (not a .server
// module, so the page can use it; not a component, so the server need not import one).

/**
 * The radio that records no mark: chosen for someone unmarked, and chosen for someone marked it removes their
 * mark (one saved by mistake). Not a mark the core keeps, so the register's reading of the form turns it into none.
 */
export const NOT_RECORDED = "none";
