package metrics

import "slices"

// withGroups gives the sample scheme the tests' own groups and drops the
// indicators it restricts to groups not among them (the sample scheme's
// township-only 转化 leaf names "A类 乡镇街道"), so that it loads.
func withGroups(s *Scheme, groups ...Group) {
	s.Groups = groups
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	var prune func([]*Indicator) []*Indicator
	prune = func(inds []*Indicator) []*Indicator {
		inds = slices.DeleteFunc(inds, func(c *Indicator) bool {
			return slices.ContainsFunc(c.Groups, func(g string) bool { return !slices.Contains(names, g) })
		})
		for _, c := range inds {
			c.Children = prune(c.Children)
		}
		return inds
	}
	s.Indicators = prune(s.Indicators)
}
