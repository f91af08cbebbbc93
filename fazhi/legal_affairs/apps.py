from django.apps import AppConfig


class LegalAffairsConfig(AppConfig):
    name = "fazhi.legal_affairs"
    label = "legal_affairs"
    verbose_name = "法制工作（复议、诉讼、决策、文件、合同、调处、培训、普法）"
