/** Every server function the sidebar calls through google.script.run (each is exported by src/main.ts under its fnName). */
export { myWork } from './my-work';
export { listRequests } from './list';
export { exportRequests } from './export';
export { getRequestView } from './request-view';
export { actOn, resendNotification, bulk } from './actions';
export {
  listWorkflows,
  listTemplates,
  validateWorkflow,
  publishNewVersion,
  listDirectory,
  savePerson,
  getSettings,
  saveSettings,
} from './admin';
export { metrics } from './metrics';
export { listChatSpaces, saveChatSpace, deleteChatSpace } from './chat';
export { automation, setAutomation } from './automation';
export { retryUndeliveredEmails, undelivered } from './undelivered';
export { startTest, createTest, clearTests } from './test-runs';
export { whoAmI, showPanel, type PanelView } from './session';
export { verifyAudit, triggers, capacity } from './governance';
export { PanelRefusal } from './guard';
export { identify } from '../auth';
export { health, repair } from './health';
