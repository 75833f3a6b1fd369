/** The chaincode lifecycles fabkit drives: 1.x (install/instantiate) and 2.x (package/approve/commit). */
export const LIFECYCLES = ['1.x', '2.x'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
