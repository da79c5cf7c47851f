"""Time bank tables, one module per aggregate."""
from app.timebank.models.beneficiary import Beneficiary, BeneficiaryStatus
from app.timebank.models.certification import Certification, CertificationStatus, CertifiedHours
from app.timebank.models.event import TimebankEvent
from app.timebank.models.order import NeedType, OrderStatus, WishOrder
from app.timebank.models.take import OrderTake, TakeStatus

__all__ = ["Beneficiary", "BeneficiaryStatus", "Certification", "CertificationStatus", "CertifiedHours",
           "NeedType", "OrderStatus", "OrderTake", "TakeStatus", "TimebankEvent", "WishOrder"]
