using Homelab.Store;

namespace Homelab.Operator.Runtime;

/// <summary>Runs a controller's own metadata write so that its watch event is recognised as ours, not as someone's change.</summary>
internal delegate WriteResult OwnWriter(Func<WriteResult> commit);
