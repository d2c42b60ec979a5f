package gateway

// WalkFunc is called by Walk for each method. Returning an error stops the walk, and Walk
// returns it.
type WalkFunc func(m *Method) error

// Walk calls fn for every method of the API, resource by resource from the root, depth first
// (a resource before its children, children and methods in the order they were defined), in the
// manner of chi.Walk; a resource without methods (a path's intermediate part) is not visited,
// as an OpenAPI document has no path item for it. It reads the definition as it is now; a
// Deployment's Walk reads the definition as it was deployed, and the Deployment's other
// methods (Name, Models, GatewayResponses, BinaryMediaTypes, APIKeySource) the API-wide
// settings.
func (a *RESTAPI) Walk(fn WalkFunc) error {
	var err error
	a.root.walk(func(r *Resource) {
		for _, m := range r.methods {
			if err == nil {
				err = fn(m)
			}
		}
	})
	return err
}

// Walk calls fn for every method of the deployment, in the order of RESTAPI.Walk, with the
// definitions as they were when the API was deployed: the OpenAPI export and the dashboard read
// a served API this way.
func (d *Deployment) Walk(fn WalkFunc) error {
	for _, m := range d.methods {
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

// walk calls fn for r and every resource under it, depth first.
func (r *Resource) walk(fn func(*Resource)) {
	fn(r)
	for _, c := range r.children {
		c.walk(fn)
	}
}
