"""participants"""
