import { lazy } from '../shared/lazyPage';

// Loaded when first opened, so the patient app's first view stays within its JavaScript budget.
export const QuestionnaireListPage = lazy(() =>
  import('./QuestionnaireListPage').then((m) => ({ default: m.QuestionnaireListPage })),
);
export const QuestionnairePage = lazy(() =>
  import('./QuestionnairePage').then((m) => ({ default: m.QuestionnairePage })),
);
