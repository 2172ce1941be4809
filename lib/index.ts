export * from './errors';
export * from './platform';
export * from './network/platform-network';
export * from './dns/global-dns';
export * from './app-tier/app-tier';
export * from './app-tier/zone-load-balancer';
