"""Mesa agents of the community: residents and leaders, the committee, NGOs, organizations."""

from yingzao.agents.committee import Committee
from yingzao.agents.ngo import NGO
from yingzao.agents.organization import Federation, SelfOrganization
from yingzao.agents.resident import Leader, Resident

__all__ = ["NGO", "Committee", "Federation", "Leader", "Resident", "SelfOrganization"]
