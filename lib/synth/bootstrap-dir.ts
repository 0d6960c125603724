/**
 * Sub-folder of `dist/<env>/` applied first and never pruned: the ApplySet CRD and parent, and the Namespaces.
 * `kubectl apply -f dist/<env>/` does not descend into it, so nothing in it joins the ApplySet, and prune can never
 * delete a Namespace (with every PVC in it) because it was dropped from the render. Dependency-free: the
 * validation plugin and the review tools read it too.
 */
export const BOOTSTRAP_DIR = 'bootstrap';
